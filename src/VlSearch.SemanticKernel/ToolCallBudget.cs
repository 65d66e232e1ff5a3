using Microsoft.SemanticKernel;

namespace VlSearch.SemanticKernel;

/// <summary>
/// Bounds the tool calls of one answer: past the budget a call is not run and auto-invocation stops, so a model that
/// keeps calling cannot spend the provider's tokens or the catalog's time without end.
/// </summary>
internal sealed class ToolCallBudget(int maxCalls) : IAutoFunctionInvocationFilter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Whether a call was refused because the budget was spent.</summary>
    public bool Exhausted { get; private set; }

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Interlocked.Increment(ref _calls) > maxCalls)
        {
            Exhausted = true;
            context.Result = new FunctionResult(context.Function, "No more lookups are allowed: answer with what you have.");
            context.Terminate = true;
            return;
        }

        await next(context);
    }
}
