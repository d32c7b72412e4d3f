using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kubernetes.Tests;

/// <summary>Structural findings name the exact place, in lists, maps and under names that need escaping.</summary>
public class ShapePointerTests
{
    [Fact]
    public void Findings_deep_in_lists_and_maps_carry_their_json_pointer()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: 7
            spec:
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: a
                      image: nginx
                    - name: b
                      image: nginx
                      imagePolicy: Always
                      ports:
                        - containerPort: eighty
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
            data:
              "a/b~c": 1
              plain: text
            größe: 3
            """;
        var result = ManifestLoader.LoadString(yaml, "x.yaml");
        var pointers = result.Diagnostics.Diagnostics.Select(d => (d.Code, d.Pointer)).ToList();
        pointers.ShouldContain(("DPS010", "/spec/template/spec/containers/1/imagePolicy"));
        pointers.ShouldContain(("DPS011", "/spec/template/spec/containers/1/ports/0/containerPort"));
        pointers.ShouldContain(("DPS011", "/metadata/labels/app"));
        pointers.ShouldContain(("DPS011", "/data/a~1b~0c"));
        pointers.ShouldContain(("DPS010", "/größe"));
        result.Diagnostics.Diagnostics.Single(d => d.Pointer == "/größe").Message.ShouldContain("Unknown field 'größe'");
        pointers.ShouldNotContain(p => p.Pointer == "/data/plain");
    }
}
