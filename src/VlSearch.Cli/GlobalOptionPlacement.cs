using System.Reflection;
using Spectre.Console.Cli;
using VlSearch.Cli.Commands;

namespace VlSearch.Cli;

/// <summary>
/// Lets the options every command accepts (<see cref="GlobalSettings"/>) come before the command name as well as
/// after it. The parser only knows options of the command being run, so such options are moved behind the whole
/// command path (<c>vlsearch --data D models pull x</c> becomes <c>vlsearch models pull x --data D</c>).
/// </summary>
public static class GlobalOptionPlacement
{
    /// <summary>Long names (with <c>--</c>) of the options every command accepts; each takes a value.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. OptionNames(typeof(GlobalSettings))];

    /// <summary>
    /// Moves recognised global options (and their values) that precede the first command word to the end of the
    /// arguments, or just before a <c>--</c> separator. Anything else is left where it is for the parser to judge.
    /// </summary>
    public static string[] MoveAfterCommand(string[] args)
    {
        var leading = new List<string>();
        var i = 0;
        while (i < args.Length && args[i].StartsWith('-') && args[i] != "--")
        {
            var (name, hasInlineValue) = Split(args[i]);
            if (!Names.Contains(name, StringComparer.Ordinal))
            {
                // An option the command (or help/version) must judge: moving the rest past it could change its meaning.
                break;
            }

            leading.Add(args[i]);
            i++;
            if (!hasInlineValue && i < args.Length)
            {
                leading.Add(args[i]);
                i++;
            }
        }

        if (leading.Count == 0 || i == args.Length)
        {
            // Nothing to move, or no command follows: the parser reports the missing command as before.
            return args;
        }

        var rest = args[i..];
        var separator = Array.IndexOf(rest, "--");
        return separator < 0
            ? [.. rest, .. leading]
            : [.. rest[..separator], .. leading, .. rest[separator..]];
    }

    /// <summary>Every long and short option name (with dashes) a settings type declares, in declaration order.</summary>
    public static IEnumerable<string> OptionNames(Type settingsType) =>
        settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => Depth(p.DeclaringType))
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .Where(a => a is { IsHidden: false })
            .SelectMany(a => a!.LongNames.Select(n => "--" + n).Concat(a.ShortNames.Select(n => "-" + n)))
            .Distinct(StringComparer.Ordinal);

    private static (string Name, bool HasInlineValue) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg, false) : (arg[..equals], true);
    }

    // Base classes first, so the options every command shares lead the list.
    private static int Depth(Type? type)
    {
        var depth = 0;
        for (; type is not null; type = type.BaseType)
        {
            depth++;
        }

        return depth;
    }
}
