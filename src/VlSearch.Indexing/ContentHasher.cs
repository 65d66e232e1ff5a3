using System.Security.Cryptography;

namespace VlSearch.Indexing;

/// <summary>Content identity of files: a moved or renamed photo keeps its hash and therefore its vectors.</summary>
public static class ContentHasher
{
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
