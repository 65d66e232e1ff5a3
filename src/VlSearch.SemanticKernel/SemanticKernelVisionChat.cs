using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using VlSearch.Core.Answers;

namespace VlSearch.SemanticKernel;

/// <summary>
/// A vision chat model over Semantic Kernel's OpenAI chat connector: images go inline as JPEG data URLs (local servers
/// do not fetch URLs), replies stream as deltas, and the photo plugin's functions are offered when the request has tools.
/// </summary>
public sealed class SemanticKernelVisionChat : IVisionChat
{
    private readonly ProviderConnection _connection;
    private readonly OpenAIChatCompletionService _chat;

    public SemanticKernelVisionChat(ProviderConnection connection, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _chat = new OpenAIChatCompletionService(connection.Model, OpenAiClients.Create(connection, httpClient), loggerFactory);
    }

    public ProviderConnection Connection => _connection;

    public async IAsyncEnumerable<string> StreamAsync(VisionChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.Timeout);
        var history = History(request);
        var (kernel, budget) = Kernel(request);
        var settings = Settings(request, tools: kernel is not null);
        var produced = false;
        await foreach (var text in Deltas(_chat.GetStreamingChatMessageContentsAsync(history, settings, kernel, timeout.Token), cancellationToken, timeout.Token))
        {
            produced = true;
            yield return text;
        }

        // The budget stopped the tool loop before the model said anything: one more turn, without tools, to answer.
        if (!produced && budget is { Exhausted: true })
        {
            await foreach (var text in Deltas(_chat.GetStreamingChatMessageContentsAsync(history, Settings(request, tools: false), null, timeout.Token), cancellationToken, timeout.Token))
            {
                yield return text;
            }
        }
    }

    public async Task<string> CompleteAsync(VisionChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.Timeout);
        var (kernel, _) = Kernel(request);
        try
        {
            var reply = await _chat.GetChatMessageContentAsync(History(request), Settings(request, tools: kernel is not null), kernel, timeout.Token);
            return reply.Content ?? throw new AnswerProviderException(AnswerFailure.BadReply, $"The model service ({_connection.Kind}) sent an empty reply.");
        }
        catch (Exception ex) when (ex is not AnswerProviderException && ProviderErrors.IsProviderFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw ProviderErrors.Map(ex, _connection, timeout.IsCancellationRequested);
        }
    }

    private async IAsyncEnumerable<string> Deltas(IAsyncEnumerable<StreamingChatMessageContent> stream, CancellationToken caller, [EnumeratorCancellation] CancellationToken timeout)
    {
        var enumerator = stream.GetAsyncEnumerator(timeout);

        // A stream whose text is not followed by a finish reason was cut off, even when the connection closed cleanly.
        var finished = true;
        try
        {
            while (true)
            {
                string? text;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        if (!finished)
                        {
                            throw new AnswerProviderException(
                                AnswerFailure.BadReply,
                                $"The model service ({_connection.Kind} at {_connection.EffectiveEndpoint.GetLeftPart(UriPartial.Authority)}) broke off its reply: the stream ended without a finish reason.");
                        }

                        break;
                    }

                    // A stopped tool loop hands back the tool's own result: it is not the model speaking.
                    text = enumerator.Current.Role == AuthorRole.Tool ? null : enumerator.Current.Content;
                    if (!string.IsNullOrEmpty(text))
                    {
                        finished = false;
                    }

                    if (enumerator.Current.Metadata?.TryGetValue("FinishReason", out var reason) == true && reason is not null)
                    {
                        finished = true;
                    }
                }
                catch (Exception ex) when (ex is not AnswerProviderException && ProviderErrors.IsProviderFailure(ex) && !caller.IsCancellationRequested)
                {
                    throw ProviderErrors.Map(ex, _connection, timeout.IsCancellationRequested);
                }

                if (!string.IsNullOrEmpty(text))
                {
                    yield return text;
                }
            }
        }
        finally
        {
            try
            {
                await enumerator.DisposeAsync();
            }
            catch (Exception ex) when (ProviderErrors.IsProviderFailure(ex))
            {
                // Disposing a broken stream can throw again; the first failure is the one reported.
            }
        }
    }

    private static ChatHistory History(VisionChatRequest request)
    {
        var history = new ChatHistory(request.Instructions);
        var items = new ChatMessageContentItemCollection { new TextContent(request.Prompt) };
        foreach (var image in request.Images)
        {
            items.Add(new TextContent($"Photo id {image.PhotoId}:"));
            items.Add(new ImageContent(image.Jpeg, "image/jpeg"));
        }

        history.AddUserMessage(items);
        return history;
    }

    private static (Kernel? Kernel, ToolCallBudget? Budget) Kernel(VisionChatRequest request)
    {
        if (request.Tools is null || request.MaxToolCalls <= 0)
        {
            return (null, null);
        }

        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new PhotoPlugin(request.Tools), PhotoPlugin.Name);
        var budget = new ToolCallBudget(request.MaxToolCalls);
        kernel.AutoFunctionInvocationFilters.Add(budget);
        return (kernel, budget);
    }

    private static OpenAIPromptExecutionSettings Settings(VisionChatRequest request, bool tools) => new()
    {
        MaxTokens = request.MaxTokens,
        FunctionChoiceBehavior = tools ? FunctionChoiceBehavior.Auto() : null,
    };
}
