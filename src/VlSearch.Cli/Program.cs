using VlSearch.Cli;

return await CliApplication.RunAsync(args);
