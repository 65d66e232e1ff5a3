using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;

namespace VlSearch.Web.Security;

/// <summary>
/// The admin key: <c>Web:AdminKey</c> when configured, else a random key generated at first start and kept in
/// <c>&lt;data&gt;/web-admin.key</c> (created readable by the owner only), so a fresh install is never open to admin actions.
/// </summary>
public sealed class AdminKeyStore
{
    /// <summary>File name of the generated key inside the data folder.</summary>
    public const string FileName = "web-admin.key";

    public AdminKeyStore(IOptions<WebOptions> options, VlSearchPaths paths)
    {
        var configured = options.Value.AdminKey;
        KeyFile = Path.Combine(paths.Root, FileName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Key = configured.Trim();
            Generated = false;
            return;
        }

        if (Stored(KeyFile) is { } stored)
        {
            Key = stored;
            return;
        }

        if (File.Exists(KeyFile))
        {
            // Too short to be a key; replaced by a new file so it gets the owner-only mode whatever the old one had.
            File.Delete(KeyFile);
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (PrivateFile.CreateNew(KeyFile, key + "\n"))
        {
            Key = key;
            Generated = true;
        }
        else
        {
            // Another host on the same data folder created it first; both must use that one.
            Key = Stored(KeyFile) ?? throw new InvalidOperationException($"{KeyFile} holds no usable admin key; delete it to generate a new one.");
        }
    }

    /// <summary>The admin key.</summary>
    public string Key { get; }

    /// <summary>Where a generated key is kept.</summary>
    public string KeyFile { get; }

    /// <summary>True when the key was created by this start (the log then says where to read it; the key itself is never logged).</summary>
    public bool Generated { get; }

    /// <summary>Compares in constant time.</summary>
    public bool Matches(string? candidate) => candidate is not null && Equal(candidate, Key);

    internal static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string? Stored(string file) =>
        File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= 16 } stored ? stored : null;
}
