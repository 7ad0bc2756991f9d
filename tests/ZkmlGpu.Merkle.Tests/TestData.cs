using System.Text.Json;

namespace ZkmlGpu.Merkle.Tests;

internal static class TestData
{
    public static JsonDocument Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", name)));
}
