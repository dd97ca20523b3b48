#!/usr/bin/env python3
# Times queries against a notmuch database through libnotmuch itself (ctypes), in one
# process, so each figure is the query's own cost: no process start, no database open.
# The work per query is what Letterbox's search does for the first result page: count the
# matches, then read the newest `limit` messages' id, subject, sender and date.
# Usage: notmuch-query-timer.py CONFIG_PATH ROUNDS LIMIT < queries.json  (a JSON list of strings)
# Prints JSON: [{"query": ..., "count": N, "ms": [one figure per round]}, ...]
import ctypes
import json
import sys
import time

lib = ctypes.CDLL('libnotmuch.so.5')
c_void_pp = ctypes.POINTER(ctypes.c_void_p)

lib.notmuch_database_open_with_config.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, c_void_pp, ctypes.POINTER(ctypes.c_char_p)]
lib.notmuch_database_open_with_config.restype = ctypes.c_int
lib.notmuch_database_destroy.argtypes = [ctypes.c_void_p]
lib.notmuch_query_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.notmuch_query_create.restype = ctypes.c_void_p
lib.notmuch_query_set_sort.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.notmuch_query_count_messages.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint)]
lib.notmuch_query_count_messages.restype = ctypes.c_int
lib.notmuch_query_search_messages.argtypes = [ctypes.c_void_p, c_void_pp]
lib.notmuch_query_search_messages.restype = ctypes.c_int
lib.notmuch_query_destroy.argtypes = [ctypes.c_void_p]
lib.notmuch_messages_valid.argtypes = [ctypes.c_void_p]
lib.notmuch_messages_valid.restype = ctypes.c_int
lib.notmuch_messages_get.argtypes = [ctypes.c_void_p]
lib.notmuch_messages_get.restype = ctypes.c_void_p
lib.notmuch_messages_move_to_next.argtypes = [ctypes.c_void_p]
lib.notmuch_message_get_message_id.argtypes = [ctypes.c_void_p]
lib.notmuch_message_get_message_id.restype = ctypes.c_char_p
lib.notmuch_message_get_header.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.notmuch_message_get_header.restype = ctypes.c_char_p
lib.notmuch_message_get_date.argtypes = [ctypes.c_void_p]
lib.notmuch_message_get_date.restype = ctypes.c_long
lib.notmuch_message_destroy.argtypes = [ctypes.c_void_p]

NOTMUCH_SORT_NEWEST_FIRST = 1


def main():
    config_path, rounds, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    queries = json.load(sys.stdin)
    database = ctypes.c_void_p()
    error = ctypes.c_char_p()
    status = lib.notmuch_database_open_with_config(None, 0, config_path.encode(), None, ctypes.byref(database), ctypes.byref(error))
    if status != 0:
        sys.exit(f'notmuch could not open its database: status {status} {error.value!r}')
    results = [{'query': text, 'count': 0, 'ms': []} for text in queries]
    # Rounds interleave the queries, as the Letterbox side does.
    for _ in range(rounds):
        for result in results:
            started = time.perf_counter()
            query = lib.notmuch_query_create(database, result['query'].encode())
            lib.notmuch_query_set_sort(query, NOTMUCH_SORT_NEWEST_FIRST)
            count = ctypes.c_uint()
            if lib.notmuch_query_count_messages(query, ctypes.byref(count)) != 0:
                sys.exit(f'notmuch could not count {result["query"]!r}')
            messages = ctypes.c_void_p()
            if lib.notmuch_query_search_messages(query, ctypes.byref(messages)) != 0:
                sys.exit(f'notmuch could not search {result["query"]!r}')
            seen = 0
            while seen < limit and lib.notmuch_messages_valid(messages):
                message = lib.notmuch_messages_get(messages)
                lib.notmuch_message_get_message_id(message)
                lib.notmuch_message_get_header(message, b'subject')
                lib.notmuch_message_get_header(message, b'from')
                lib.notmuch_message_get_date(message)
                lib.notmuch_message_destroy(message)
                lib.notmuch_messages_move_to_next(messages)
                seen += 1
            lib.notmuch_query_destroy(query)
            result['ms'].append((time.perf_counter() - started) * 1000)
            result['count'] = count.value
    lib.notmuch_database_destroy(database)
    json.dump(results, sys.stdout)


main()
