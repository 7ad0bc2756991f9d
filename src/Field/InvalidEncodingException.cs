namespace ZkmlGpu.Field;

/// <summary>
/// The one exception for malformed input bytes anywhere in ZkmlGpu: wrong length, non-canonical field
/// elements, points off the curve or outside the subgroup, bad headers.
/// </summary>
public sealed class InvalidEncodingException : FormatException
{
    public InvalidEncodingException(string message) : base(message) { }
    public InvalidEncodingException(string message, Exception inner) : base(message, inner) { }
}
