namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Runs a command of the <c>dataplatform</c> tool in-process and captures what it prints.</summary>
internal static class TestCli
{
    public static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = command(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
