using VlSearch.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVlSearchWeb();
var app = builder.Build();
app.UseVlSearchWeb();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
