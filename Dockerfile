FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Komis.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
# Migrations and demo data are explicit steps, then the site.
ENTRYPOINT ["/bin/sh", "-c", "dotnet Komis.Web.dll migrate && dotnet Komis.Web.dll seed && exec dotnet Komis.Web.dll"]
