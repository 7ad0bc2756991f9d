namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// Expected outputs pinned in tests/data/golden/. Tests read the copies in the output folder; with
/// ZKML_UPDATE_GOLDEN=1 they instead write what they computed into the source tree (then review the diff).
/// </summary>
public static class GoldenFiles
{
    public const string UpdateVariable = "ZKML_UPDATE_GOLDEN";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Asserts that <paramref name="actual"/> equals the golden file's text, or rewrites the file when updating.</summary>
    public static void Check(string fileName, string actual)
    {
        if (Updating)
        {
            File.WriteAllText(Path.Combine(SourceFolder(), fileName), actual);
            return;
        }
        var path = Path.Combine(AppContext.BaseDirectory, "data", "golden", fileName);
        Assert.True(File.Exists(path), $"Golden file {fileName} is missing; create it with {UpdateVariable}=1.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        int at = expected.AsSpan().CommonPrefixLength(actual);
        string Excerpt(string s) => s.Substring(Math.Max(0, at - 20), Math.Min(60, s.Length - Math.Max(0, at - 20)));
        Assert.Fail($"Output differs from golden file {fileName} at character {at}: expected …{Excerpt(expected)}…, got …{Excerpt(actual)}…; if the change is intended, rerun the tests with {UpdateVariable}=1 and commit the new file.");
    }

    /// <summary>tests/data/golden in the source tree, found by walking up from the test binaries.</summary>
    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "tests", "data");
            if (Directory.Exists(data))
            {
                var golden = Path.Combine(data, "golden");
                Directory.CreateDirectory(golden);
                return golden;
            }
        }
        throw new DirectoryNotFoundException("tests/data not found above the test binaries; cannot update golden files.");
    }
}
