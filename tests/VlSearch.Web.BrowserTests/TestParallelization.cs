// Each browser test class starts its own web app and chromium; on a 2-core machine two of them at once (one embedding
// a library with another model) made the other's page waits depend on the load rather than on the product.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
