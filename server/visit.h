/*
 * visit.h: what the return visit (visit.c) shares with the resample's
 * second call (resample.c): the same ratings, read the same way.
 */
#ifndef SVCDESK_VISIT_H
#define SVCDESK_VISIT_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "common/proto.h"

/* attitude, skill, punctuality, promise (each 1 very satisfied .. 4
 * unsatisfied) and score (0..100), all required, into params[0..4] as
 * text kept in numbers; false with err naming the field otherwise. */
bool visit_read_ratings(const cJSON *args, const char **params, char numbers[5][8],
    struct proto_error *err);

#endif
