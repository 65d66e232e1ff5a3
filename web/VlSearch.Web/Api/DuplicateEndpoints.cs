using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using VlSearch.Search.Duplicates;
using VlSearch.Web.Security;
using VlSearch.Web.Services;

namespace VlSearch.Web.Api;

/// <summary>
/// <c>/api/v1/duplicates</c>: groups of near-identical photos with a suggested keeper. Admin only: it lists full
/// paths across every library. Read-only; nothing is ever deleted.
/// </summary>
public static class DuplicateEndpoints
{
    /// <summary>Groups per response when no limit is given.</summary>
    public const int DefaultLimit = 100;

    public static RouteGroupBuilder MapDuplicateEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/duplicates", GetAsync).WithTags("Duplicates").RequireAuthorization(WebAuth.AdminPolicy)
            .WithName("ListDuplicates")
            .WithSummary("Groups of near-identical photos: {\"groups\": [{\"keep\": path, \"photos\": [{\"path\", \"score\"}]}]}, the keeper (largest resolution, then oldest) first with score 1; largest groups first. format=csv exports CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    internal static async Task<Results<Ok<DuplicateDocument>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpContext http, [AsParameters] DuplicatesQuery query, DuplicateGroups duplicates, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        float? threshold = null;
        if (query.Threshold is not null)
        {
            if (float.TryParse(query.Threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && float.IsFinite(t) && t is >= 0.5f and <= 1f)
            {
                threshold = t;
            }
            else
            {
                errors["threshold"] = ["threshold must be a number from 0.5 to 1."];
            }
        }

        var limit = Whole(query.Limit, DefaultLimit, 1, 1000, "limit", errors);
        var offset = Whole(query.Offset, 0, 0, int.MaxValue, "offset", errors);
        var csv = query.Format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            errors["format"] = ["format must be json or csv."];
        }

        if (query.Model is { Length: > 200 })
        {
            errors["model"] = ["model is longer than 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        IReadOnlyList<DuplicateGroup> groups;
        try
        {
            groups = await duplicates.GetAsync(query.Model, threshold, cancellationToken: cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return Problems.NotFound(ex.Message);
        }

        http.Response.Headers["X-Total-Count"] = groups.Count.ToString(CultureInfo.InvariantCulture);
        var page = groups.Skip(offset).Take(limit);
        return csv == true
            ? TypedResults.Text(DuplicateExport.ToCsv(page), "text/csv")
            : TypedResults.Ok(DuplicateExport.ToDocument(page));
    }

    private static int Whole(string? text, int fallback, int min, int max, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }
}
