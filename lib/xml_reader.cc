// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/xml_reader.h"

#include <expat.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <string>

#include "lib/activity.h"

namespace move {

namespace {

constexpr char kSeparator = '|';
constexpr std::size_t kMaxText = 4096;
constexpr std::size_t kMaxDepth = 256;
constexpr std::size_t kChunk = 1 << 20;

struct Name {
  std::string_view ns, local;
};

Name split(const char* qualified) {
  const std::string_view q(qualified);
  const std::size_t at = q.rfind(kSeparator);
  if (at == std::string_view::npos) return {{}, q};
  return {q.substr(0, at), q.substr(at + 1)};
}

struct State {
  XML_Parser parser = nullptr;
  XmlVisitor* visitor = nullptr;
  std::vector<std::string> texts;  // of the open elements
  std::exception_ptr error;
  std::string refusal;
  std::vector<XmlAttribute> attributes;

  long line() const { return static_cast<long>(XML_GetCurrentLineNumber(parser)); }
  // expat may still call a handler or two after XML_StopParser.
  bool stopped() const { return error || !refusal.empty(); }
  void stop() { XML_StopParser(parser, XML_FALSE); }
};

void on_start(void* data, const XML_Char* name, const XML_Char** atts) {
  auto& s = *static_cast<State*>(data);
  if (s.stopped()) return;
  if (s.texts.size() >= kMaxDepth) {
    s.refusal = "elements nested deeper than " + std::to_string(kMaxDepth);
    s.stop();
    return;
  }
  s.texts.emplace_back();
  s.attributes.clear();
  for (int i = 0; atts[i]; i += 2) {
    const Name n = split(atts[i]);
    s.attributes.push_back({n.ns, n.local, atts[i + 1]});
  }
  const Name n = split(name);
  try {
    s.visitor->start(n.ns, n.local, s.attributes, s.line());
  } catch (...) {
    s.error = std::current_exception();
    s.stop();
  }
}

void on_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<State*>(data);
  if (s.stopped()) return;
  const std::string text = std::move(s.texts.back());
  s.texts.pop_back();
  const Name n = split(name);
  try {
    s.visitor->end(n.ns, n.local, text, s.line());
  } catch (...) {
    s.error = std::current_exception();
    s.stop();
  }
}

void on_text(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<State*>(data);
  if (s.stopped()) return;
  if (s.texts.empty()) return;  // outside the root element
  std::string& t = s.texts.back();
  if (t.size() < kMaxText) t.append(text, std::min<std::size_t>(static_cast<std::size_t>(len), kMaxText - t.size()));
}

void on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
               const XML_Char*, const XML_Char*) {
  auto& s = *static_cast<State*>(data);
  s.refusal = "the document declares entities";
  s.stop();
}

}  // namespace

void visit_xml(std::string_view text, std::string_view file, XmlVisitor& visitor) {
  const std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, kSeparator),
                                                                       XML_ParserFree);
  if (!parser) throw ImportError(file, "out of memory");
  State s;
  s.parser = parser.get();
  s.visitor = &visitor;
  XML_SetUserData(s.parser, &s);
  XML_SetElementHandler(s.parser, on_start, on_end);
  XML_SetCharacterDataHandler(s.parser, on_text);
  XML_SetEntityDeclHandler(s.parser, on_entity);
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(kChunk, text.size() - at);
    const bool last = at + n == text.size();
    const XML_Status status = XML_Parse(s.parser, text.data() + at, static_cast<int>(n), last);
    at += n;
    if (s.error) std::rethrow_exception(s.error);
    if (!s.refusal.empty())
      throw ImportError(file, "refused (line " + std::to_string(s.line()) + ": " + s.refusal + ")");
    if (status != XML_STATUS_OK)
      throw ImportError(
          file, "not XML (line " + std::to_string(s.line()) + ": " + XML_ErrorString(XML_GetErrorCode(s.parser)) + ")");
  } while (at < text.size());
}

}  // namespace move
