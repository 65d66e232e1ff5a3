using System.Buffers;
using System.IO.Hashing;

namespace VlSearch.Indexing;

/// <summary>Content identity of files: a moved or renamed photo keeps its hash and therefore its vectors.</summary>
/// <remarks>
/// XXH128 rather than a cryptographic hash: the hash only has to tell a user's own files apart, and with the 1/8
/// DCT-scaled JPEG decode a SHA-256 of the file would cost about as much CPU as decoding it.
/// </remarks>
public static class ContentHasher
{
    private const int BufferSize = 1 << 20;

    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
