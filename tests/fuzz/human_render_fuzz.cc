// Fuzzes every renderer of human-readable output (cli/human/render.h) with
// arbitrary bytes in every text field of every record, bundle summary, audit
// event and custody report. The input is cut into fields: each field is one
// length byte followed by that many bytes (the last field takes what is left;
// past the end, fields are empty).
// Properties:
//  * never crashes;
//  * every rendered text is safe for a terminal (no C0 but '\n', no DEL, no
//    C1, no bidirectional control, valid UTF-8), and the testimony list has
//    exactly one line per testimony, whatever the titles hold;
//  * the custody HTML page holds none of those either.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "../unit/cli/render_all.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  std::size_t pos = 0;
  auto next = [&]() -> std::string {
    if (pos >= size) return {};
    std::size_t n = data[pos++];
    if (n > size - pos) n = size - pos;
    std::string s(reinterpret_cast<const char*>(data + pos), n);
    pos += n;
    return s;
  };
  const testing::Rendered r = testing::RenderAll(next);
  for (const cli::human::Text& t : r.text) {
    if (!cli::human::IsTerminalSafe(t.view())) std::abort();
  }
  std::size_t lines = 0;
  for (char c : r.text[0].view()) lines += c == '\n';
  if (lines != r.testimonies) std::abort();
  if (!cli::human::IsTerminalSafe(std::string_view(r.html.data(), r.html.size()))) std::abort();
  return 0;
}
