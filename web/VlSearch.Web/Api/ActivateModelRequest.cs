namespace VlSearch.Web.Api;

/// <summary>Body of <c>POST /api/v1/admin/models/active</c>.</summary>
/// <param name="Model">Name of an installed, built-in or bundled model, or a model folder on the server.</param>
/// <param name="Index">Whether to embed the photos the model has no vectors for yet (default true).</param>
public sealed record ActivateModelRequest(string? Model, bool? Index);
