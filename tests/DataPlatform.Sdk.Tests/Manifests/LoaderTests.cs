using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Tests.Manifests;

public class LoaderTests
{
    private const string Valid = """
        # widget file
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w1 # first
        spec:
          size: 3
          color: red
          values:
            hex: 0x10
            quoted: "0x10"
            flag: yes
            version: 1.10
        """;

    [Fact]
    public void Load_ValidObject_IsTypedWithNoDiagnostics()
    {
        var result = Widgets.Loader().Parse(Valid, "w.yaml");
        result.Diagnostics.Diagnostics.ShouldBeEmpty();
        var w = result.Objects.OfType<Widget>().Single();
        w.Spec.Size.ShouldBe(3);
        w.Spec.Values!["hex"]!.GetValue<int>().ShouldBe(16);
        w.Spec.Values!["quoted"]!.GetValue<string>().ShouldBe("0x10");
        w.Spec.Values!["flag"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void ToYaml_ChangedLoadedObject_KeepsCommentsOrderAndScalarText()
    {
        var w = Widgets.Loader().Parse(Valid, "w.yaml").Objects.OfType<Widget>().Single();
        var changed = w with { Spec = w.Spec with { Size = 4 } };
        ManifestSerializer.ToYaml(changed).ShouldBe(Valid.Replace("size: 3", "size: 4", StringComparison.Ordinal) + "\n");
    }

    [Fact]
    public void ToYaml_UnchangedLoadedObject_IsIdentical()
    {
        var w = Widgets.Loader().Parse(Valid, "w.yaml").Objects.Single();
        ManifestSerializer.ToYaml(w).ShouldBe(Valid + "\n");
    }

    [Fact]
    public void ToYaml_NewObject_UsesDeclarationOrderAndQuotesAmbiguousStrings()
    {
        var w = new Widget { Metadata = new ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Size = 1, Color = "on" } };
        ManifestSerializer.ToYaml(w).ShouldBe("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  color: \"on\"\n");
    }

    [Fact]
    public void Load_UnknownField_IsErrorWithSuggestionAndKeptOnWrite()
    {
        var text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  colour: red\n";
        var result = Widgets.Loader().Parse(text, "w.yaml");
        var d = result.Diagnostics.Diagnostics.Single(x => x.Code == "DPS010");
        (d.Line, d.Column, d.Pointer).ShouldBe((7, 3, "/spec/colour"));
        d.Message.ShouldContain("did you mean 'color'");
        ManifestSerializer.ToYaml(result.Objects.Single()).ShouldBe(text);
    }

    [Fact]
    public void Load_UnknownFieldLenient_IsWarning()
    {
        var result = Widgets.Loader(strict: false).Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  extra: 1\n", "w.yaml");
        result.Diagnostics.Diagnostics.Single(x => x.Code == "DPS010").Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Load_WrongScalarType_ReportsDps011WithLineAndQuoteHint()
    {
        var result = Widgets.Loader().Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n  code: 123\n", "w.yaml");
        var errors = result.Diagnostics.Diagnostics.Where(x => x.Code == "DPS011").ToList();
        errors.Count.ShouldBe(2);
        errors[0].Line.ShouldBe(6);
        errors[1].Message.ShouldContain("Quote it");
        result.Objects.Single().ShouldBeOfType<GenericManifest>();
    }

    [Fact]
    public void Load_MissingRequired_ReportsDps012AtParent()
    {
        var result = Widgets.Loader().Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  color: red\n", "w.yaml");
        var d = result.Diagnostics.Diagnostics.Single(x => x.Code == "DPS012");
        d.Pointer.ShouldBe("/spec/size");
        d.Line.ShouldBe(5);
    }

    [Theory]
    [InlineData("color: green", "DPS013")]
    [InlineData("code: ABC", "DPS014")]
    [InlineData("tags: [a, b, c, d]", "DPS015")]
    [InlineData("tags: []", "DPS015")]
    public void Load_ConstraintViolation_ReportsCode(string line, string code)
    {
        var result = Widgets.Loader().Parse($"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  {line}\n", "w.yaml");
        result.Diagnostics.Diagnostics.Single(x => x.Code == code).Line.ShouldBe(7);
    }

    [Fact]
    public void Load_RuleViolation_IsReportedAtThePointer()
    {
        var result = Widgets.Loader().Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 11\n", "w.yaml");
        var d = result.Diagnostics.Diagnostics.Single(x => x.Code == "DPX001");
        (d.Line, d.Column).ShouldBe((6, 3));
    }

    [Fact]
    public void Load_InvalidName_ReportsDps020()
    {
        var module = new WidgetModule();
        var loader = new ManifestLoader(KindRegistry.Create([module, new CoreModule()]), new ObjectValidator(module.Rules.Concat(new CoreModule().Rules)));
        var result = loader.Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: Not_Valid\nspec:\n  size: 1\n", "w.yaml");
        result.Diagnostics.Diagnostics.Single(x => x.Code == "DPS020").Line.ShouldBe(4);
    }

    [Fact]
    public void Load_SeverityOverride_ChangesOrSuppresses()
    {
        var text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 11\n";
        Widgets.Loader(overrides: SeverityOverrides.None.Set("DPX001", DiagnosticSeverity.Error)).Parse(text, "w.yaml").Diagnostics.IsValid.ShouldBeFalse();
        Widgets.Loader(overrides: SeverityOverrides.None.Suppress("DPX001")).Parse(text, "w.yaml").Diagnostics.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ObjectBuiltInCode_ChecksShapeAndRules()
    {
        var module = new WidgetModule();
        var validator = new ObjectValidator(module.Rules);
        var bad = new Widget { Metadata = new ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Size = 1, Color = "green" } };
        validator.Validate(bad).Diagnostics.Single().Code.ShouldBe("DPS013");
        var big = bad with { Spec = bad.Spec with { Color = null, Size = 20 } };
        validator.Validate(big).Diagnostics.Single().Code.ShouldBe("DPX001");
    }

    [Fact]
    public void FromYaml_InvalidText_ThrowsListingEveryError()
    {
        var ex = Should.Throw<ValidationException>(() => ManifestSerializer.FromYaml<WidgetSpec>("color: green\ncode: ABC\n"));
        ex.Message.ShouldContain("DPS012");
        ex.Message.ShouldContain("DPS013");
        ex.Message.ShouldContain("DPS014");
        ex.Report.Errors.Count().ShouldBe(3);
    }

    [Fact]
    public void Load_RecordsCompareByContentNotOrigin()
    {
        var loaded = Widgets.Loader().Parse(Valid, "w.yaml").Objects.OfType<Widget>().Single();
        var built = loaded with { Origin = default };
        loaded.Equals(built).ShouldBeTrue();
    }
}
