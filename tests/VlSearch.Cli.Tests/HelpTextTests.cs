using System.ComponentModel;
using System.Reflection;
using Spectre.Console;

namespace VlSearch.Cli.Tests;

/// <summary>
/// Help pages render descriptions as console markup, where '[' opens a style: one unescaped bracket in any
/// description breaks the help of the whole program, not just of its own command.
/// </summary>
public sealed class HelpTextTests : IDisposable
{
    private readonly TempFolder temp = new();

    public static TheoryData<string> Descriptions()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(CommandRegistration).Assembly.GetTypes())
        {
            var members = new MemberInfo[] { type }.Concat(type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly));
            foreach (var member in members)
            {
                if (member.GetCustomAttribute<DescriptionAttribute>() is { } description)
                {
                    data.Add($"{type.Name}.{member.Name}: {description.Description}");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Every_description_of_a_command_or_option_is_valid_markup(string entry)
    {
        var text = entry[(entry.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        // The constructor parses the markup, as the help writer does.
        var rendered = Record.Exception(() => new Markup(text));
        Assert.True(rendered is null, $"{entry}\n{rendered?.Message}");
    }

    [Fact]
    public void The_descriptions_are_found()
    {
        // Guards the theory above against passing vacuously when the attributes move.
        Assert.True(Descriptions().Count > 100, $"only {Descriptions().Count} descriptions found");
    }

    [Fact]
    public async Task The_help_of_the_program_and_of_every_command_prints_without_an_error()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var top = await cli.RunAsync("--help");
        Assert.True(top.ExitCode == 0 && !top.Stdout.Contains("error:", StringComparison.Ordinal), top.Stdout + top.Stderr);

        var commands = top.Stdout[(top.Stdout.IndexOf("COMMANDS:", StringComparison.Ordinal) + 9)..]
            .Split('\n')
            // A command's line starts at the first indent; its description's wrapped lines start further right.
            .Where(l => l.Length > 4 && l.StartsWith("    ", StringComparison.Ordinal) && char.IsAsciiLetterLower(l[4]))
            .Select(l => l.Trim().Split(' ')[0])
            .ToList();
        Assert.Contains("search", commands);
        Assert.Contains("tags", commands);
        Assert.Contains("duplicates", commands);
        foreach (var command in commands)
        {
            var help = await cli.RunAsync(command, "--help");
            Assert.True(help.ExitCode == 0 && !help.Stdout.Contains("error:", StringComparison.Ordinal), $"{command} --help:\n{help.Stdout}{help.Stderr}");
        }
    }

    public void Dispose() => temp.Dispose();
}
