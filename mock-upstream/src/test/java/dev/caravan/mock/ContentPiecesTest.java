package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentPiecesTest {

  @Test
  void should_split_at_word_starts_keeping_the_leading_space_when_there_are_enough_words() {
    assertArrayEquals(new String[] {"one", " two three", " four five"},
        ContentPieces.split("one two three four five", 3));
  }

  @Test
  void should_split_characters_evenly_when_there_are_more_chunks_than_words() {
    assertArrayEquals(new String[] {"ab", "cd", "ef"}, ContentPieces.split("abcdef", 3));
  }

  @Test
  void should_never_cut_a_surrogate_pair_when_splitting_characters() {
    String text = "a😀b😀";
    String[] pieces = ContentPieces.split(text, 4);

    assertEquals(text, String.join("", pieces));
    for (String piece : pieces) {
      assertEquals(piece, new String(piece.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @Test
  void should_give_empty_pieces_when_the_content_is_shorter_than_the_chunks() {
    assertEquals("x", String.join("", ContentPieces.split("x", 3)));
    assertEquals(3, ContentPieces.split("", 3).length);
  }

  @Test
  void should_encode_pieces_as_quoted_json_strings() {
    ContentPieces pieces = ContentPieces.of("say \"hi\"\n", 1);

    assertEquals("\"say \\\"hi\\\"\\n\"", new String(pieces.piece(0), StandardCharsets.UTF_8));
    assertEquals("\"say \\\"hi\\\"\\n\"", new String(pieces.whole(), StandardCharsets.UTF_8));
  }
}
