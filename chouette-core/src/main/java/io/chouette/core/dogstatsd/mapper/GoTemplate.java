package io.chouette.core.dogstatsd.mapper;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Expands a name or tag template with the captures of a match, by the rules of Go's {@code
 * regexp.Regexp.Expand}, which the Agent's mapper uses: {@code $1} or {@code ${1}} is group 1,
 * {@code $name} or {@code ${name}} a named group, {@code $$} a {@code $}. A reference takes the
 * longest run of letters, digits and {@code _}, so {@code $1_x} is the (missing) group {@code 1_x}:
 * write {@code ${1}_x}. A missing or unmatched group expands to nothing; a {@code $} not followed
 * by a valid reference stays as it is.
 */
final class GoTemplate {

  private GoTemplate() {}

  static String expand(String template, Matcher match, Map<String, Integer> namedGroups) {
    int dollar = template.indexOf('$');
    if (dollar < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    while (dollar >= 0) {
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
      } else {
        int end = referenceEnd(template, i);
        if (end < 0) {
          out.append('$'); // malformed: the $ is plain text
        } else {
          boolean braced = template.charAt(i) == '{';
          String reference = template.substring(braced ? i + 1 : i, braced ? end - 1 : end);
          String captured = group(reference, match, namedGroups);
          if (captured != null) {
            out.append(captured);
          }
          i = end;
        }
      }
      dollar = template.indexOf('$', i);
    }
    return out.append(template, i, template.length()).toString();
  }

  /** The end of the reference {@code name} or {@code {name}} at {@code from}, or -1. */
  private static int referenceEnd(String template, int from) {
    boolean braced = from < template.length() && template.charAt(from) == '{';
    int i = braced ? from + 1 : from;
    int nameStart = i;
    while (i < template.length()) {
      int c = template.codePointAt(i);
      if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
        break;
      }
      i += Character.charCount(c);
    }
    if (i == nameStart) {
      return -1;
    }
    if (braced) {
      if (i >= template.length() || template.charAt(i) != '}') {
        return -1;
      }
      i++;
    }
    return i;
  }

  private static String group(String reference, Matcher match, Map<String, Integer> namedGroups) {
    int number = groupNumber(reference);
    if (number < 0) {
      Integer named = namedGroups.get(reference);
      if (named == null) {
        return null;
      }
      number = named;
    }
    return number <= match.groupCount() ? match.group(number) : null;
  }

  /** The group number {@code reference} spells (ASCII digits, no leading zero), else -1. */
  private static int groupNumber(String reference) {
    if (reference.length() > 1 && reference.charAt(0) == '0') {
      return -1;
    }
    int number = 0;
    for (int i = 0; i < reference.length(); i++) {
      char c = reference.charAt(i);
      if (c < '0' || c > '9' || number >= 100_000_000) {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }
}
