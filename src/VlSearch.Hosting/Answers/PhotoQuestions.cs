using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VlSearch.Core;
using VlSearch.Core.Answers;
using VlSearch.Search;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting.Answers;

/// <summary>
/// Questions about photos: finds the top k (or takes the listed ids), sends each as a downscaled JPEG with the
/// question to the vision chat model, offers the photo plugin within its call budget, and streams the answer.
/// </summary>
public sealed class PhotoQuestions(
    AnswerProviders providers,
    ISearchPipeline pipeline,
    PhotoSearch search,
    PhotoVectors vectors,
    PhotoQueries photos,
    AnswerImageLoader images,
    ILogger<PhotoQuestions>? logger = null)
{
    public const int MaxQuestionLength = 2000;

    internal const string Instructions =
        "You answer questions about the user's own photos. Each photo you see is introduced by 'Photo id N'. " +
        "Answer briefly and only from what the photos show or the tools return. Cite every photo you rely on as [photo:N] " +
        "with its id, e.g. [photo:12]. If no photo answers the question, say so.";

    private readonly ILogger _logger = logger ?? NullLogger<PhotoQuestions>.Instance;

    /// <summary>
    /// Validates the request, picks and loads the photos, and waits for the answer's first delta, so that every
    /// failure up to there is thrown here rather than in the middle of a stream.
    /// </summary>
    /// <exception cref="ArgumentException">The question or its photos are not acceptable (over the limits, unknown ids).</exception>
    /// <exception cref="QuerySyntaxException">The query does not parse.</exception>
    /// <exception cref="AnswerProviderException">Questions are off, or the provider fails before answering.</exception>
    /// <exception cref="CostLimitException">The requests-per-minute budget is spent.</exception>
    /// <exception cref="ModelLoadException">A query needs the embedding model and it cannot be loaded.</exception>
    public async Task<AnswerSession> StartAsync(AskRequest request, Func<IEmbeddingModel> model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        var options = providers.Questions;
        Validate(request, options);
        var chat = providers.QuestionsChat();

        var ids = request.PhotoIds is { Count: > 0 } listed
            ? listed.Distinct().ToList()
            : await TopAsync(request.Query ?? request.Question, request.K ?? Math.Min(8, options.MaxImagesPerRequest), model(), cancellationToken);
        var sent = new List<AnswerImage>();
        foreach (var id in ids)
        {
            var file = await photos.GetFileAsync(id, cancellationToken);
            if (file is null)
            {
                if (request.PhotoIds is not null)
                {
                    throw new ArgumentException($"No catalogued photo has id {id}.");
                }

                continue;
            }

            try
            {
                sent.Add(new AnswerImage(id.ToString(CultureInfo.InvariantCulture), images.LoadJpeg(file.Path, options.ImageMaxSide, cancellationToken)));
            }
            catch (Exception ex) when (ex is PhotoDecodeException or IOException or UnauthorizedAccessException)
            {
                // A photo that no longer reads is left out; the model answers about the others.
                _logger.LogWarning("Photo {PhotoId} is left out of the question: {Reason}", id, ex.Message);
            }
        }

        AnswerProviders.Take(providers.QuestionsRate, options);
        CatalogPhotoTools? tools = options.MaxToolCalls > 0 ? new CatalogPhotoTools(pipeline, search, vectors, photos, model()) : null;
        var chatRequest = new VisionChatRequest
        {
            Instructions = Instructions,
            Prompt = sent.Count > 0 ? request.Question : request.Question + "\n(No photo matched; use the tools to look, or say that none was found.)",
            Images = sent,
            MaxTokens = options.MaxTokens,
            Tools = tools,
            MaxToolCalls = options.MaxToolCalls,
        };

        var deltas = chat.StreamAsync(chatRequest, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var first = await deltas.MoveNextAsync() ? deltas.Current : null;
            var sentIds = sent.Select(s => long.Parse(s.PhotoId, CultureInfo.InvariantCulture)).ToHashSet();
            return new AnswerSession(deltas, first, sentIds, () => tools?.ReturnedIds ?? []);
        }
        catch
        {
            await deltas.DisposeAsync();
            throw;
        }
    }

    private static void Validate(AskRequest request, QuestionsOptions options)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            throw new ArgumentException("question is required.");
        }

        if (request.Question.Length > MaxQuestionLength)
        {
            throw new ArgumentException($"question is longer than {MaxQuestionLength} characters.");
        }

        if (request.Query is not null && request.PhotoIds is { Count: > 0 })
        {
            throw new ArgumentException("Give a query or photo ids, not both.");
        }

        var count = request.PhotoIds is { Count: > 0 } ids ? ids.Distinct().Count() : request.K ?? 1;
        if (count < 1 || count > options.MaxImagesPerRequest)
        {
            throw new ArgumentException(
                $"A question may send 1 to {options.MaxImagesPerRequest} photos to the model (Answers:Questions:MaxImagesPerRequest); this one asks for {count}.");
        }
    }

    private async Task<List<long>> TopAsync(string query, int k, IEmbeddingModel model, CancellationToken cancellationToken)
    {
        var results = await pipeline.SearchAsync(new SearchRequest { Query = QueryParser.Parse(query), Model = model, K = k, AllowImageFiles = false }, cancellationToken);
        return [.. results.Hits.Select(h => h.Id)];
    }
}
