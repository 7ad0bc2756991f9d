namespace ZkmlGpu.Gpu.Tests;

/// <summary>The committed KernelField.g.cs equals what tools/gen-kernel-field.cs writes today.</summary>
public class GeneratedKernelFieldTests
{
    [Fact]
    public void KernelFieldIsUpToDate()
    {
        string root = RepositoryRoot();
        string committed = File.ReadAllText(Path.Combine(root, KernelFieldGenerator.Path)).ReplaceLineEndings("\n");
        Assert.True(committed == KernelFieldGenerator.Generate(),
            $"{KernelFieldGenerator.Path} differs from the generator's output: run `dotnet run tools/gen-kernel-field.cs` from the repository root.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZkmlGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ZkmlGpu.sln) not found above the test binaries.");
    }
}
