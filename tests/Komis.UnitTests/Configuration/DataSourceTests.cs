using Komis.Web.Configuration;
using Npgsql;

namespace Komis.UnitTests.Configuration;

public sealed class DataSourceTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Database=komis;Username=komis;Password=x";

    [Fact]
    public void APlainConnectionString_GetsNoResetOnClose_AndAutoPreparedStatements()
    {
        using var dataSource = DataConfig.DataSourceFor(Plain);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(100, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.Equal(DataConfig.DefaultMaxPoolSize, settings.MaxPoolSize);
        Assert.Null(settings.Options);
    }

    [Theory]
    [InlineData("No Reset On Close=false;Max Auto Prepare=0;Maximum Pool Size=30")]
    [InlineData("noresetonclose=false;maxautoprepare=0;maxpoolsize=30")]
    public void WhatTheConnectionStringSays_Stays(string extra)
    {
        using var dataSource = DataConfig.DataSourceFor(Plain + ";" + extra);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(30, settings.MaxPoolSize);
    }

    [Fact]
    public void AMinimumPoolAboveTheDefaultMaximum_RaisesTheMaximumToIt()
    {
        using var dataSource = DataConfig.DataSourceFor(Plain + ";Minimum Pool Size=12");

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(12, settings.MinPoolSize);
        Assert.Equal(12, settings.MaxPoolSize);
    }
}
