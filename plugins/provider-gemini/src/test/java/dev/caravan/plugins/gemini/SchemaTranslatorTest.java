package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.testkit.Fixtures;
import org.junit.jupiter.api.Test;

class SchemaTranslatorTest {

    private static final String PATH = "tools[0].function.parameters";

    @Test
    void should_drop_keywords_gemini_does_not_know_when_translating() {
        assertEquals(schema("{'type':'OBJECT','properties':{'q':{'type':'STRING','minLength':1}}}"),
                translate("{'$schema':'https://json-schema.org/draft/2020-12/schema','$id':'x','$comment':'c','type':'object',"
                        + "'properties':{'q':{'type':'string','minLength':1,'examples':['a'],'exclusiveMinimum':0}},'additionalProperties':false}"));
    }

    @Test
    void should_inline_a_local_ref_when_the_schema_uses_defs() {
        assertEquals(schema("{'type':'OBJECT','properties':{'home':{'type':'OBJECT','description':'Where they live',"
                        + "'properties':{'city':{'type':'STRING'}}}}}"),
                translate("{'type':'object','properties':{'home':{'$ref':'#/$defs/Address','description':'Where they live'}},"
                        + "'$defs':{'Address':{'type':'object','properties':{'city':{'type':'string'}}}}}"));
    }

    @Test
    void should_refuse_the_ref_when_the_schema_is_recursive() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> translate(
                "{'type':'object','properties':{'node':{'$ref':'#/$defs/Node'}},"
                        + "'$defs':{'Node':{'type':'object','properties':{'next':{'$ref':'#/$defs/Node'}}}}}"));

        assertEquals(PATH + ".properties.node.properties.next.$ref", e.param());
    }

    @Test
    void should_turn_a_null_branch_into_nullable_when_any_of_has_one() {
        assertEquals(schema("{'type':'INTEGER','nullable':true,'description':'Age'}"),
                translate("{'anyOf':[{'type':'integer'},{'type':'null'}],'description':'Age'}"));
    }

    @Test
    void should_keep_alternatives_as_any_of_when_one_of_has_several_branches() {
        assertEquals(schema("{'anyOf':[{'type':'STRING'},{'type':'NUMBER'}]}"),
                translate("{'oneOf':[{'type':'string'},{'type':'number'}]}"));
    }

    @Test
    void should_write_const_as_a_one_value_enum_when_translating() {
        assertEquals(schema("{'type':'STRING','format':'enum','enum':['fixed']}"), translate("{'type':'string','const':'fixed'}"));
    }

    @Test
    void should_drop_a_format_when_gemini_does_not_accept_it_for_the_type() {
        assertEquals(schema("{'type':'OBJECT','properties':{'url':{'type':'STRING'},'at':{'type':'STRING','format':'date-time'},"
                        + "'n':{'type':'INTEGER','format':'int64'}}}"),
                translate("{'type':'object','properties':{'url':{'type':'string','format':'uri'},"
                        + "'at':{'type':'string','format':'date-time'},'n':{'type':'integer','format':'int64'}}}"));
    }

    @Test
    void should_translate_array_items_when_the_schema_has_them() {
        assertEquals(schema("{'type':'ARRAY','items':{'type':'STRING'},'maxItems':3}"),
                translate("{'type':'array','items':{'type':'string'},'maxItems':3,'uniqueItems':true}"));
    }

    @Test
    void should_refuse_items_when_they_describe_a_tuple() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> translate("{'type':'array','items':[{'type':'string'},{'type':'number'}]}"));

        assertEquals(PATH + ".items", e.param());
    }

    @Test
    void should_refuse_the_type_when_it_is_not_a_json_schema_type() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> translate("{'type':'object','properties':{'d':{'type':'date'}}}"));

        assertEquals(PATH + ".properties.d.type", e.param());
    }

    private static com.fasterxml.jackson.databind.JsonNode schema(String singleQuoted) {
        return Fixtures.body(singleQuoted);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode translate(String singleQuoted) {
        return SchemaTranslator.translate(Fixtures.body(singleQuoted), PATH);
    }
}
