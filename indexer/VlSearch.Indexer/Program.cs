using Microsoft.Extensions.Hosting;
using VlSearch.Indexer;

// The worker: configuration as for every VlSearch host (<data>/vlsearch.json, VLSEARCH_* variables, then
// --Section:Key=value arguments); runs until SIGINT/SIGTERM.
using var host = IndexerHost.Build(args);
await host.RunAsync();
