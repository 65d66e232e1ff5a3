namespace VlSearch.Web.Api;

/// <summary>A model download started from the admin page or API.</summary>
/// <remarks><c>State</c> is running, succeeded or failed; <c>Total</c> is null while the size is unknown.</remarks>
public sealed record ModelPullInfo(string Name, string State, long Bytes, long? Total, double Percent, string? Message);
