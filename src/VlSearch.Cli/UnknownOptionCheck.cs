using Spectre.Console.Cli;

namespace VlSearch.Cli;

/// <summary>
/// Refuses options the command does not declare. The parser hands them to the command as "remaining" arguments,
/// where they would be ignored silently: a misspelt <c>--dta</c> must not run against the default data folder.
/// </summary>
public sealed class UnknownOptionCheck : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var unknown = context.Remaining.Parsed.Select(group => group.Key).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var valid = GlobalOptionPlacement.OptionNames(settings.GetType()).Append("--help");
        var names = string.Join(", ", unknown.Select(Dashed));
        throw new ArgumentException(
            $"unknown option {names} for '{context.Name}'; valid options: {string.Join(", ", valid)}");
    }

    private static string Dashed(string name) => name.StartsWith('-') ? name : (name.Length == 1 ? "-" : "--") + name;
}
