using System.Security.Cryptography;
using System.Text;

namespace VlSearch.Catalog.Tests;

/// <summary>Entities with every required member filled, distinct per call.</summary>
internal static class Samples
{
    public static Library Library(string name) => new() { Name = name, RootPath = "/photos/" + name };

    public static Photo Photo(Library library, string path, string? contentHash = null) => new()
    {
        Library = library,
        Path = path,
        ContentHash = contentHash ?? Hash(path),
        Size = path.Length * 1000L,
        ModifiedAt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
        Width = 640,
        Height = 480,
    };

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static float[] Vector(int dimension, int seed)
    {
        var random = new Random(seed);
        var vector = new float[dimension];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }
}
