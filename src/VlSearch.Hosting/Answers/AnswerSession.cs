using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace VlSearch.Hosting.Answers;

/// <summary>
/// An answer whose first delta has arrived (so a provider failure before it is still an error response), read to
/// the end by <see cref="ReadAllAsync"/>; the last event cites the photos the answer names that were sent to the model.
/// </summary>
public sealed partial class AnswerSession : IAsyncDisposable
{
    private readonly IAsyncEnumerator<string> _deltas;
    private readonly string? _first;
    private readonly IReadOnlySet<long> _sent;
    private readonly Func<IReadOnlyCollection<long>> _found;

    internal AnswerSession(IAsyncEnumerator<string> deltas, string? first, IReadOnlySet<long> sent, Func<IReadOnlyCollection<long>> found)
    {
        _deltas = deltas;
        _first = first;
        _sent = sent;
        _found = found;
    }

    /// <summary>The photos sent to the model as images, in order.</summary>
    public IReadOnlySet<long> Sent => _sent;

    /// <exception cref="Core.Answers.AnswerProviderException">The provider fails mid-answer.</exception>
    public async IAsyncEnumerable<AnswerEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        if (_first is not null)
        {
            text.Append(_first);
            yield return AnswerEvent.Text(_first);
        }

        while (_first is not null && await _deltas.MoveNextAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Append(_deltas.Current);
            yield return AnswerEvent.Text(_deltas.Current);
        }

        yield return AnswerEvent.Done(Cited(text.ToString(), _sent, _found()));
    }

    /// <summary>The ids an answer cites as <c>[photo:ID]</c>, first mention first, that are among the photos the model saw or found.</summary>
    public static IReadOnlyList<long> Cited(string answer, IReadOnlySet<long> sent, IReadOnlyCollection<long> found)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(found);
        var citable = new HashSet<long>(sent);
        citable.UnionWith(found);
        return [.. Citation().Matches(answer)
            .Select(m => long.TryParse(m.Groups["id"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(citable.Contains)
            .Distinct()];
    }

    public ValueTask DisposeAsync() => _deltas.DisposeAsync();

    [GeneratedRegex(@"\[photo[:\s#]*(?<id>\d{1,18})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Citation();
}
