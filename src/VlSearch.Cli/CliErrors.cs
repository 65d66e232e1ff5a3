using Microsoft.Extensions.Options;
using Spectre.Console.Cli;
using VlSearch.Core;

namespace VlSearch.Cli;

/// <summary>Maps exceptions to an exit code and a message a user can act on.</summary>
public static class CliErrors
{
    public static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CommandParseException or CommandRuntimeException => (CliApplication.UsageError, Flatten(exception.Message)),
        OptionsValidationException e => (CliApplication.UsageError, "bad configuration: " + string.Join("; ", e.Failures)),
        ArgumentException e => (CliApplication.UsageError, Flatten(e.Message)),
        FileNotFoundException or DirectoryNotFoundException => (CliApplication.UsageError, Flatten(exception.Message)),
        ModelLoadException or PhotoDecodeException or VectorIndexException => (1, Flatten(exception.Message)),
        _ => (1, Flatten(exception.Message)),
    };

    private static string Flatten(string message) => message.ReplaceLineEndings(" ").Trim();
}
