using Spectre.Console.Cli;

namespace VlSearch.Cli;

/// <summary>The one place where commands are added to the CLI.</summary>
public static class CommandRegistration
{
    public static IConfigurator AddVlSearchCommands(this IConfigurator config)
    {
        config.SetApplicationName("vlsearch");
        config.PropagateExceptions();
        // Commands are registered below, one line each.
        return config;
    }
}
