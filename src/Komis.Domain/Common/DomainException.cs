namespace Komis.Domain.Common;

/// <summary>A domain rule was broken; <see cref="Code"/> is a stable key the UI translates.</summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
