using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;

namespace VlSearch.Web.Security;

/// <summary>
/// The admin key: <c>Web:AdminKey</c> when configured, else a random key generated at first start and kept in
/// <c>&lt;data&gt;/web-admin.key</c> (readable by the owner only), so a fresh install is never open to admin actions.
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

        if (File.Exists(KeyFile) && File.ReadAllText(KeyFile).Trim() is { Length: >= 16 } stored)
        {
            Key = stored;
            return;
        }

        Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(KeyFile, Key + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Generated = true;
    }

    /// <summary>The admin key.</summary>
    public string Key { get; }

    /// <summary>Where a generated key is kept.</summary>
    public string KeyFile { get; }

    /// <summary>True when the key was created by this start (it is then printed once in the log).</summary>
    public bool Generated { get; }

    /// <summary>Compares in constant time.</summary>
    public bool Matches(string? candidate) => candidate is not null && Equal(candidate, Key);

    internal static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
