namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The name of a node's region, "node (op)", and its parse. The mock prover reports a failing row's region as
/// "name@start+offset"; <see cref="Parse"/> reads that form too, so tools name the node and op of a failure.
/// </summary>
public static class RegionName
{
    public static string Of(string node, string op) => $"{node} ({op})";

    /// <summary>
    /// The node and op of "node (op)" or "node (op)@start+offset"; null for any other name. The op is the text in
    /// the last parentheses, so a node name may itself contain parentheses or '@'.
    /// </summary>
    public static (string Node, string Op)? Parse(string? region)
    {
        if (region is null) return null;
        int at = region.LastIndexOf('@');
        if (at >= 0 && region.EndsWith(')') is false && IsStartOffset(region.AsSpan(at + 1))) region = region[..at];
        if (!region.EndsWith(')')) return null;
        int open = region.LastIndexOf(" (", StringComparison.Ordinal);
        if (open < 0) return null;
        string op = region[(open + 2)..^1];
        return op.Length == 0 || op.Contains('(') ? null : (region[..open], op);
    }

    private static bool IsStartOffset(ReadOnlySpan<char> s)
    {
        int plus = s.IndexOf('+');
        return plus > 0 && plus < s.Length - 1 && AllDigits(s[..plus]) && AllDigits(s[(plus + 1)..]);
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsAsciiDigit(c)) return false;
        return s.Length > 0;
    }
}
