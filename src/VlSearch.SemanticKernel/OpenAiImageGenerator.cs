using OpenAI;
using OpenAI.Images;
using VlSearch.Core.Answers;
using GeneratedImage = VlSearch.Core.Answers.GeneratedImage;

namespace VlSearch.SemanticKernel;

/// <summary>Text to image through the OpenAI images endpoint the connector's client speaks; the image comes back inline (b64_json).</summary>
public sealed class OpenAiImageGenerator : IImageGenerator
{
    private readonly ProviderConnection _connection;
    private readonly ImageClient _images;

    public OpenAiImageGenerator(ProviderConnection connection, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _images = OpenAiClients.Create(connection, httpClient).GetImageClient(connection.Model);
    }

    public async Task<GeneratedImage> GenerateAsync(string description, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.Timeout);
        try
        {
            var result = await _images.GenerateImageAsync(description, new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes }, timeout.Token);
            var bytes = result.Value.ImageBytes ?? throw new AnswerProviderException(AnswerFailure.BadReply, $"The image service ({_connection.Kind}) sent no image bytes.");
            return new GeneratedImage(bytes.ToMemory(), MediaTypeOf(bytes.ToMemory().Span), result.Value.RevisedPrompt);
        }
        catch (Exception ex) when (ex is not AnswerProviderException && ProviderErrors.IsProviderFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw ProviderErrors.Map(ex, _connection, timeout.IsCancellationRequested);
        }
    }

    private static string MediaTypeOf(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "image/png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) ? "image/jpeg"
        : bytes.Length > 12 && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : "application/octet-stream";
}
