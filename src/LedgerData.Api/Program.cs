using LedgerData.Api.Hosting;

// `dotnet run --project src/LedgerData.Api -- migrate` applies the migration scripts and exits.
if (args is [MigrateCommand.Verb, ..])
{
    return await MigrateCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLedgerDataApi();

var app = builder.Build();
app.MapLedgerDataApi();
await app.RunAsync().ConfigureAwait(false);
return 0;
