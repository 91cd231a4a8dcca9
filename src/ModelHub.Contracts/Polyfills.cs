#if NETSTANDARD2_1
namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.1 compile records and init-only properties.</summary>
internal static class IsExternalInit
{
}
#endif
