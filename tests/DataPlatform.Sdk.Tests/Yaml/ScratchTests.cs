using DataPlatform.Sdk.Yaml;
using Xunit.Abstractions;

namespace DataPlatform.Sdk.Tests.Yaml;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var text = """
            # yaml-language-server: $schema=x.json
            # header 2
            apiVersion: v1 # api
            kind: ConfigMap

            # about metadata
            metadata:
              name: x # the name
              labels: # lbl
                a: "1"
                b: 'on'
            data:
              script: |
                echo hi
                echo there
              list:
                # first
                - a # ia
                - name: b # nb
                  value: c
                -   - nested
                    - more
              empty: []
              obj: {a: 1, b: [x, y]}
            # trailing
            """;
        var r = YamlReader.ReadString(text);
        foreach (var d in r.Diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        output.WriteLine(YamlEmitter.Emit(r.Documents));
    }
}
