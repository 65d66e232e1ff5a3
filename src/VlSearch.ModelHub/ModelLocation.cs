using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>The outcome of resolving a model name: its kind and its folder, or the built-in model.</summary>
public sealed record ModelLocation(ModelLocationKind Kind, string? Directory, IBuiltInModel? BuiltIn);
