using Microsoft.Extensions.Options;
using VlSearch.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVlSearchWeb();
var app = builder.Build();
app.UseVlSearchWeb();
try
{
    app.Run();
}
catch (Exception ex) when (ex is StartRefusedException or OptionsValidationException)
{
    // Settings the operator has to change: the message, not a stack trace.
    Console.Error.WriteLine($"vlsearch-web: {ex.Message}");
    return 2;
}

return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
