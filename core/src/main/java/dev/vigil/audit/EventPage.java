package dev.vigil.audit;

import java.util.List;
import java.util.Optional;

/** One page of events, newest first, and the cursor of the next page if there is one. */
public record EventPage(List<Event> events, Optional<String> nextCursor) {
  public EventPage {
    events = List.copyOf(events);
  }
}
