using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;

namespace VlSearch.Web.Security;

/// <summary>
/// Admin sign-ins: what a session cookie carries (a fingerprint of the admin key it was opened with, a session id,
/// an absolute end) and whether a session is still good. A session ends when its time is up, when the admin key
/// changes (the fingerprint no longer matches) or when it signs out (its id is revoked). Revoked ids are kept in
/// <c>&lt;data&gt;/web-revoked-sessions</c> until their sessions would have ended, so a restart does not bring a
/// signed-out cookie back.
/// </summary>
public sealed class AdminSessions
{
    /// <summary>Name of the admin identity, for the admin key and admin sign-ins.</summary>
    public const string AdminName = "admin";

    public const string KeyClaim = "vlsearch:admin-key";

    public const string SessionClaim = "vlsearch:session";

    public const string ExpiresClaim = "vlsearch:expires";

    /// <summary>File in the data folder that lists revoked session ids with the time each session would have ended.</summary>
    public const string RevokedFileName = "web-revoked-sessions";

    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private readonly string revokedFile;
    private readonly Lock writing = new();

    public AdminSessions(AdminKeyStore key, IOptions<WebOptions> options, VlSearchPaths paths, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        this.clock = clock ?? TimeProvider.System;
        revokedFile = Path.Combine(paths.Root, RevokedFileName);
        LoadRevoked();
        Lifetime = TimeSpan.FromHours(options.Value.AdminSessionHours);

        // A one-way value: the cookie is encrypted anyway, but it never needs to carry the key itself.
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("vlsearch admin session\n" + key.Key)))[..32];
    }

    /// <summary>How long a sign-in lasts; activity does not extend it.</summary>
    public TimeSpan Lifetime { get; }

    internal string Fingerprint { get; }

    /// <summary>A new admin session, to be signed in with <see cref="Properties"/>.</summary>
    public ClaimsPrincipal Create()
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, AdminName),
                new Claim(ClaimTypes.Role, WebAuth.AdminRole),
                new Claim(KeyClaim, Fingerprint),
                new Claim(SessionClaim, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
                new Claim(ExpiresClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ],
            WebAuth.CookieScheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Cookie properties of a session made by <see cref="Create"/>: a fixed end, never refreshed.</summary>
    public AuthenticationProperties Properties(ClaimsPrincipal session)
    {
        var now = clock.GetUtcNow();
        return new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            IssuedUtc = now,
            ExpiresUtc = ExpiresAt(session) ?? now + Lifetime,
        };
    }

    /// <summary>True when <paramref name="user"/> is an admin sign-in that is still good, or is not a sign-in at all.</summary>
    public bool IsValid(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity || identity.AuthenticationType != WebAuth.CookieScheme)
        {
            // API keys are checked on every request; only cookie sessions outlive the moment they were checked.
            return true;
        }

        var fingerprint = user.FindFirst(KeyClaim)?.Value;
        var session = user.FindFirst(SessionClaim)?.Value;
        return fingerprint is not null && AdminKeyStore.Equal(fingerprint, Fingerprint) &&
               session is not null && !revoked.ContainsKey(session) &&
               ExpiresAt(user) is { } expires && expires > clock.GetUtcNow();
    }

    /// <summary>Ends a session for good, wherever its cookie has been copied to.</summary>
    public void Revoke(ClaimsPrincipal? user)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, until) in revoked)
        {
            if (until <= now)
            {
                revoked.TryRemove(id, out _);
            }
        }

        if (user?.FindFirst(SessionClaim)?.Value is { } session)
        {
            revoked[session] = ExpiresAt(user) ?? now + Lifetime;
        }

        SaveRevoked();
    }

    private void LoadRevoked()
    {
        if (!File.Exists(revokedFile))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var line in File.ReadLines(revokedFile))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && DateTimeOffset.FromUnixTimeSeconds(seconds) is var until && until > now)
            {
                revoked[parts[0]] = until;
            }
        }
    }

    private void SaveRevoked()
    {
        lock (writing)
        {
            var lines = revoked.Select(r => $"{r.Key} {r.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
            PrivateFile.WriteAllText(revokedFile, string.Join('\n', lines) + "\n");
        }
    }

    private static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(ExpiresClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
