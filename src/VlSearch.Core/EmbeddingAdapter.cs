using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Numerics.Tensors;

namespace VlSearch.Core;

/// <summary>
/// A personal adapter over a frozen model's embeddings: v′ = normalize(v + A·(B·v)) with a low-rank pair
/// A [dimension × rank], B [rank × dimension] for each side (image, text). A side without matrices is the
/// identity followed by normalization. Vectors transformed by an adapter form their own vector space, named by
/// <see cref="CollectionModelId"/>.
/// </summary>
/// <remarks>
/// File format (<see cref="FileName"/>, UTF-8 JSON): <c>{"format":"vlsearch-adapter/1","modelId":…,"dimension":D,
/// "rank":r,"imageA":[D·r floats, row-major],"imageB":[r·D],"textA":[D·r],"textB":[r·D]}</c>; the four arrays may
/// be null. The adapter's <see cref="Id"/> is derived from its content, so retraining yields a new collection.
/// </remarks>
public sealed class EmbeddingAdapter
{
    /// <summary>File name of an adapter inside its folder.</summary>
    public const string FileName = "adapter.json";

    /// <summary>Format tag written into every file.</summary>
    public const string Format = "vlsearch-adapter/1";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>Creates an adapter; each A/B pair must be both null or both sized D·r.</summary>
    public EmbeddingAdapter(string modelId, int dimension, int rank, float[]? imageA, float[]? imageB, float[]? textA, float[]? textB)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        Check(imageA, imageB, dimension * rank, "image");
        Check(textA, textB, dimension * rank, "text");
        ModelId = modelId;
        Dimension = dimension;
        Rank = rank;
        ImageA = imageA;
        ImageB = imageB;
        TextA = textA;
        TextB = textB;
        Id = ComputeId();
    }

    /// <summary>Id of the model whose vectors this adapter transforms.</summary>
    public string ModelId { get; }

    public int Dimension { get; }

    public int Rank { get; }

    public float[]? ImageA { get; }

    public float[]? ImageB { get; }

    public float[]? TextA { get; }

    public float[]? TextB { get; }

    /// <summary>Content hash (12 hex digits) of the adapter's shape and weights.</summary>
    public string Id { get; }

    /// <summary>The model id adapted vectors are stored under: model id + "+" + adapter id.</summary>
    public string CollectionModelId => $"{ModelId}+{Id}";

    /// <summary>Where the adapter of <paramref name="modelId"/> lives under a data folder.</summary>
    public static string PathFor(string dataDirectory, string modelId) =>
        Path.Combine(dataDirectory, "adapters", CollectionNames.ForModel(modelId), FileName);

    /// <summary>Transforms an image vector in place and re-normalizes it.</summary>
    public void ApplyImage(Span<float> vector) => Apply(vector, ImageA, ImageB);

    /// <summary>Transforms a text (query) vector in place and re-normalizes it.</summary>
    public void ApplyText(Span<float> vector) => Apply(vector, TextA, TextB);

    /// <summary>Transforms a vector of the given side in place.</summary>
    public void Apply(Span<float> vector, bool isText)
    {
        if (isText)
        {
            ApplyText(vector);
        }
        else
        {
            ApplyImage(vector);
        }
    }

    /// <summary>Writes the adapter as JSON (creating the folder).</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var file = new AdapterFile(Format, ModelId, Dimension, Rank, ImageA, ImageB, TextA, TextB);
        File.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions));
    }

    /// <summary>Reads an adapter written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an adapter of a known format.</exception>
    public static EmbeddingAdapter Load(string path)
    {
        AdapterFile? file;
        try
        {
            file = JsonSerializer.Deserialize<AdapterFile>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid adapter JSON: {ex.Message}", ex);
        }

        if (file is null || file.Format != Format || file.ModelId is null)
        {
            throw new InvalidDataException($"{path} is not a {Format} file.");
        }

        try
        {
            return new EmbeddingAdapter(file.ModelId, file.Dimension, file.Rank, file.ImageA, file.ImageB, file.TextA, file.TextB);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private void Apply(Span<float> vector, float[]? a, float[]? b)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"The adapter expects {Dimension} values, got {vector.Length}.", nameof(vector));
        }

        if (a is not null && b is not null)
        {
            Span<float> low = Rank <= 256 ? stackalloc float[Rank] : new float[Rank];
            for (var r = 0; r < Rank; r++)
            {
                low[r] = TensorPrimitives.Dot(b.AsSpan(r * Dimension, Dimension), vector);
            }

            for (var d = 0; d < Dimension; d++)
            {
                vector[d] += TensorPrimitives.Dot(a.AsSpan(d * Rank, Rank), low);
            }
        }

        VectorMath.NormalizeInPlace(vector);
    }

    private string ComputeId()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(Dimension));
        hash.AppendData(BitConverter.GetBytes(Rank));
        foreach (var part in new[] { ImageA, ImageB, TextA, TextB })
        {
            hash.AppendData(BitConverter.GetBytes(part?.Length ?? -1));
            if (part is not null)
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(part.AsSpan()));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static void Check(float[]? a, float[]? b, int length, string side)
    {
        if ((a is null) != (b is null))
        {
            throw new ArgumentException($"The {side} side needs both matrices or neither.");
        }

        if (a is not null && (a.Length != length || b!.Length != length))
        {
            throw new ArgumentException($"The {side} matrices must hold {length} values each.");
        }
    }

    private sealed record AdapterFile(
        [property: JsonPropertyName("format")] string? Format,
        [property: JsonPropertyName("modelId")] string? ModelId,
        [property: JsonPropertyName("dimension")] int Dimension,
        [property: JsonPropertyName("rank")] int Rank,
        [property: JsonPropertyName("imageA")] float[]? ImageA,
        [property: JsonPropertyName("imageB")] float[]? ImageB,
        [property: JsonPropertyName("textA")] float[]? TextA,
        [property: JsonPropertyName("textB")] float[]? TextB);
}
