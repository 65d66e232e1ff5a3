using Spectre.Console.Cli;
using VlSearch.Cli;

var app = new CommandApp();
app.Configure(config => config.AddVlSearchCommands());
return await app.RunAsync(args);
