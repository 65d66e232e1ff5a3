using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Core.Answers;
using VlSearch.SemanticKernel;
using VlSearch.Testing.OpenAi;

namespace VlSearch.Answers.Tests;

public sealed class VisionChatTests : IAsyncLifetime
{
    private OpenAiCompatibleServerDouble server = null!;

    public async Task InitializeAsync() => server = await OpenAiCompatibleServerDouble.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private SemanticKernelVisionChat Chat(string? key = "sk-test-secret", TimeSpan? timeout = null, Uri? endpoint = null) =>
        new(new ProviderConnection(AnswerProviderKind.OpenAICompatible, endpoint ?? server.BaseUri, "llava-test", key, timeout ?? TimeSpan.FromSeconds(60)));

    internal static ReadOnlyMemory<byte> Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static VisionChatRequest Request(params AnswerImage[] images) => new()
    {
        Instructions = "Answer about the photos.",
        Prompt = "Which photo shows a lake?",
        Images = images,
        MaxTokens = 77,
    };

    [Fact]
    public async Task A_streamed_answer_arrives_in_several_deltas_and_the_request_carries_model_key_and_inline_images()
    {
        server.Answer = _ => "The lake is in photo 7 and nowhere else.";
        var deltas = new List<string>();
        await foreach (var delta in Chat().StreamAsync(Request(new AnswerImage("7", Jpeg(300, 200)), new AnswerImage("9", Jpeg(40, 60))), CancellationToken.None))
        {
            deltas.Add(delta);
        }

        Assert.True(deltas.Count > 3);
        Assert.Equal("The lake is in photo 7 and nowhere else.", string.Concat(deltas));
        var request = Assert.Single(server.ChatRequests);
        Assert.Empty(server.Rejections);
        Assert.True(request.Stream);
        Assert.Equal("llava-test", request.Model);
        Assert.Equal("Bearer sk-test-secret", request.Authorization);
        Assert.Equal([(300, 200), (40, 60)], request.Images.Select(i => (i.Width, i.Height)));
        Assert.All(request.Images, i => Assert.Equal("image/jpeg", i.MediaType));
        Assert.Contains("Photo id 7:", request.UserText, StringComparison.Ordinal);
        Assert.Equal(77, (int?)request.Body!["max_completion_tokens"] ?? (int?)request.Body["max_tokens"]);
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent()
    {
        var text = await Chat(key: null).CompleteAsync(Request(), CancellationToken.None);

        Assert.Equal("A photo of something.", text);
        Assert.Null(Assert.Single(server.ChatRequests).Authorization);
    }

    [Fact]
    public async Task A_tool_call_runs_the_photo_plugin_and_its_result_goes_back_before_the_answer()
    {
        server.ToolCall = new ScriptedToolCall("photos-search", "{\"query\":\"lake house\",\"k\":3}");
        server.Answer = r => r.HasToolReply ? "Photo 42 is the lake house." : "no tool reply";
        var tools = new RecordingPhotoTools();

        var deltas = new List<string>();
        await foreach (var delta in Chat().StreamAsync(Request() with { Tools = tools }, CancellationToken.None))
        {
            deltas.Add(delta);
        }

        Assert.Equal("Photo 42 is the lake house.", string.Concat(deltas));
        Assert.Equal(["search lake house 3"], tools.Calls);
        Assert.Equal(2, server.ChatRequests.Count);
        Assert.NotNull(server.ChatRequests[0].Body!["tools"]);
        Assert.Contains("lake/house.jpg", Assert.Single(server.ChatRequests[1].ToolReplies), StringComparison.Ordinal);
        Assert.Empty(server.Rejections);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_is_stopped_at_the_call_budget_and_still_answers()
    {
        server.ToolCall = new ScriptedToolCall("photos-tags", "{\"photoId\":\"5\"}");
        server.ToolCallRounds = 50;
        server.Answer = r => "Answered after " + r.ToolReplies.Count + " lookups.";
        var tools = new RecordingPhotoTools();

        var answer = string.Concat(await Collect(Chat().StreamAsync(Request() with { Tools = tools, MaxToolCalls = 1 }, CancellationToken.None)));

        Assert.StartsWith("Answered after", answer, StringComparison.Ordinal);
        Assert.Single(tools.Calls);
        Assert.True(server.ChatRequests.Count <= 4);
        Assert.Empty(server.Rejections);
    }

    [Theory]
    [InlineData(DoubleFault.Unauthorized, AnswerFailure.Unauthorized)]
    [InlineData(DoubleFault.TooManyRequests, AnswerFailure.RateLimited)]
    [InlineData(DoubleFault.MalformedJson, AnswerFailure.BadReply)]
    [InlineData(DoubleFault.StreamCutOff, AnswerFailure.BadReply)]
    public async Task A_provider_fault_in_a_stream_becomes_a_failure_of_the_matching_kind(DoubleFault fault, AnswerFailure expected)
    {
        server.Fault = fault;
        server.RetryAfterSeconds = 7;
        server.Answer = _ => "one two three four five";

        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => Collect(Chat().StreamAsync(Request(), CancellationToken.None)));

        Assert.Equal(expected, ex.Failure);
        Assert.DoesNotContain("sk-test-secret", ex.Message, StringComparison.Ordinal);
        if (fault == DoubleFault.TooManyRequests)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        }
    }

    [Theory]
    [InlineData(DoubleFault.Unauthorized, AnswerFailure.Unauthorized)]
    [InlineData(DoubleFault.MalformedJson, AnswerFailure.BadReply)]
    [InlineData(DoubleFault.StreamCutOff, AnswerFailure.BadReply)]
    public async Task A_provider_fault_in_a_whole_reply_becomes_a_failure_of_the_matching_kind(DoubleFault fault, AnswerFailure expected)
    {
        server.Fault = fault;

        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => Chat().CompleteAsync(Request(), CancellationToken.None));

        Assert.Equal(expected, ex.Failure);
    }

    [Fact]
    public async Task A_reply_slower_than_the_timeout_is_a_timeout()
    {
        server.Fault = DoubleFault.Slow;

        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => Collect(Chat(timeout: TimeSpan.FromMilliseconds(300)).StreamAsync(Request(), CancellationToken.None)));

        Assert.Equal(AnswerFailure.Timeout, ex.Failure);
    }

    [Fact]
    public async Task An_endpoint_where_nothing_listens_is_unavailable()
    {
        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => Chat(endpoint: OpenAiCompatibleServerDouble.ClosedPortUri()).CompleteAsync(Request(), CancellationToken.None));

        Assert.Equal(AnswerFailure.Unavailable, ex.Failure);
    }

    [Fact]
    public async Task The_double_rejects_an_image_part_that_does_not_decode()
    {
        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => Chat().CompleteAsync(Request(new AnswerImage("1", new byte[] { 1, 2, 3, 4 })), CancellationToken.None));

        Assert.Equal(AnswerFailure.BadReply, ex.Failure);
        Assert.Contains("does not decode", Assert.Single(server.Rejections).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_is_generated_inline_as_png_from_the_description()
    {
        var generator = new OpenAiImageGenerator(new ProviderConnection(AnswerProviderKind.OpenAI, server.BaseUri, "dall-e-3", "sk-img", TimeSpan.FromSeconds(60)));

        var image = await generator.GenerateAsync("a red kite over a beach", CancellationToken.None);

        Assert.Equal("image/png", image.MediaType);
        using var decoded = Image.Load(image.Bytes.Span);
        Assert.Equal(64, decoded.Width);
        var request = Assert.Single(server.Requests);
        Assert.Empty(server.Rejections);
        Assert.Equal("b64_json", (string?)request.Body!["response_format"]);
        Assert.Equal("a red kite over a beach", (string?)request.Body["prompt"]);
        Assert.Equal("Bearer sk-img", request.Authorization);
    }

    [Fact]
    public async Task Image_generation_faults_map_like_chat_faults()
    {
        server.Fault = DoubleFault.TooManyRequests;
        var generator = new OpenAiImageGenerator(new ProviderConnection(AnswerProviderKind.OpenAI, server.BaseUri, "dall-e-3", "sk-img", TimeSpan.FromSeconds(60)));

        var ex = await Assert.ThrowsAsync<AnswerProviderException>(() => generator.GenerateAsync("x", CancellationToken.None));

        Assert.Equal(AnswerFailure.RateLimited, ex.Failure);
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> stream)
    {
        var all = new List<string>();
        await foreach (var item in stream)
        {
            all.Add(item);
        }

        return all;
    }
}
