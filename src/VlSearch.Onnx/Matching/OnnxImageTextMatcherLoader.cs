using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Onnx.Matching;

// placeholder: replaced by the runner
public static class OnnxImageTextMatcherLoader
{
    public static IImageTextMatcher Load(string folder, InferenceOptions? options = null) => throw new NotImplementedException();

    public static bool IsMatcherFolder(string folder) => throw new NotImplementedException();
}
