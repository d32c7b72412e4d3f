using System.Runtime.CompilerServices;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>
/// Points SOPS_AGE_KEY_FILE at a key file of this test run before any test starts, so that commands which create or
/// read the age key (init --example, plan) never touch the developer's own key.
/// </summary>
internal static class TestKeys
{
    public static string KeyFile { get; } = Path.Combine(AppContext.BaseDirectory, "test-age-key", "keys.txt"); // under bin/, never committed

    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("SOPS_AGE_KEY_FILE", KeyFile);
        Sdk.Sops.AgeKeys.LoadOrCreate(out _, out _);
    }
}
