using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Npgsql;

// GET /kabinet/{code}: the subscriber's accounts and what is owed on each, as HTML, from the same tables and with the
// same arithmetic as Komis's cabinet (charges less Komis payments made after the biller's as-of moment), in one query.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// The pool settings Komis uses (no reset round on return, statements prepared after their second run, at most 8
// connections), so the baseline is raw Npgsql at its best, not at its defaults.
var pool = new NpgsqlDataSourceBuilder(builder.Configuration.GetConnectionString("Komis")
    ?? throw new InvalidOperationException("ConnectionStrings:Komis is required"));
pool.ConnectionStringBuilder.NoResetOnClose = true;
pool.ConnectionStringBuilder.MaxAutoPrepare = 100;
pool.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
pool.ConnectionStringBuilder.MaxPoolSize = 8;
var dataSource = pool.Build();
var app = builder.Build();

const string Sql = """
    SELECT s.full_name, sa.id, b.name_az, a.account_number, a.holder_name, a.address, a.as_of, c.period, c.amount, c.due_date,
           coalesce((SELECT sum(pa.amount) FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id
                      WHERE p.biller_account_id = a.id AND p.status = 'Paid' AND p.paid_at > a.as_of AND pa.period = c.period), 0)
      FROM subscribers s
      JOIN subscriber_accounts sa ON sa.subscriber_id = s.id
      JOIN biller_accounts a ON a.id = sa.biller_account_id
      JOIN billers b ON b.id = a.biller_id
      LEFT JOIN charges c ON c.biller_account_id = a.id
     WHERE s.code = $1::char(10)
     ORDER BY sa.id, c.period
    """;

app.MapGet("/kabinet/{code}", async (string code, HttpContext http) =>
{
    var html = HtmlEncoder.Default;
    var sb = new StringBuilder(8192);
    await using (var command = dataSource.CreateCommand(Sql))
    {
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var reader = await command.ExecuteReaderAsync();
        long link = -1;
        decimal total = 0;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        while (await reader.ReadAsync())
        {
            if (sb.Length == 0)
            {
                sb.Append("<!DOCTYPE html><html lang=\"az\"><head><meta charset=\"utf-8\"><title>Şəxsi kabinet</title></head><body><main><h1>")
                  .Append(html.Encode(reader.GetString(0))).Append("</h1>");
            }

            var id = reader.GetInt64(1);
            if (id != link)
            {
                if (link >= 0)
                {
                    sb.Append("</tbody></table></section>");
                }

                link = id;
                sb.Append("<section><h2>").Append(html.Encode(reader.GetString(2))).Append(" — ").Append(html.Encode(reader.GetString(3)))
                  .Append("</h2><p>").Append(html.Encode(reader.GetString(4))).Append(", ").Append(html.Encode(reader.GetString(5)))
                  .Append("</p><p>").Append(reader.GetFieldValue<DateTimeOffset>(6).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture))
                  .Append("</p><table><thead><tr><th>Dövr</th><th>Məbləğ</th><th>Son tarix</th><th>Borc</th></tr></thead><tbody>");
            }

            if (!reader.IsDBNull(7))
            {
                var due = reader.GetFieldValue<DateOnly>(9);
                var outstanding = Math.Max(0, reader.GetDecimal(8) - reader.GetDecimal(10));
                total += outstanding;
                sb.Append("<tr><td>").Append(reader.GetFieldValue<DateOnly>(7).ToString("yyyy-MM", CultureInfo.InvariantCulture))
                  .Append("</td><td>").Append(reader.GetDecimal(8).ToString("N2", CultureInfo.InvariantCulture))
                  .Append("</td><td").Append(outstanding > 0 && due < today ? " class=\"overdue\">" : ">").Append(due.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture))
                  .Append("</td><td>").Append(outstanding.ToString("N2", CultureInfo.InvariantCulture)).Append("</td></tr>");
            }
        }

        if (sb.Length == 0)
        {
            return Results.NotFound();
        }

        sb.Append("</tbody></table></section><p>Cəmi borc: ").Append(total.ToString("N2", CultureInfo.InvariantCulture)).Append(" AZN</p></main></body></html>");
    }

    return Results.Content(sb.ToString(), "text/html; charset=utf-8");
});

app.MapGet("/health", () => "ok");
app.Run();
