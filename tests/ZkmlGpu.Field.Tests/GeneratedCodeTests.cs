namespace ZkmlGpu.Field.Tests;

/// <summary>The committed generated kernels equal what tools/gen-field-lanes.cs writes today.</summary>
public class GeneratedCodeTests
{
    [Fact]
    public void FieldLanesKernelsAreUpToDate()
    {
        string root = RepositoryRoot();
        foreach (var (path, text) in FieldLanesGenerator.Files())
        {
            string committed = File.ReadAllText(Path.Combine(root, path)).ReplaceLineEndings("\n");
            Assert.True(committed == text, $"{path} differs from the generator's output: run `dotnet run tools/gen-field-lanes.cs` from the repository root.");
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZkmlGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ZkmlGpu.sln) not found above the test binaries.");
    }
}
