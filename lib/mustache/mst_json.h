/*
 * mst_json: the Mustache data interface over jansson's json_t, so that
 * templates render from the generator's JSON data model.
 */
#ifndef WASL_MST_JSON_H
#define WASL_MST_JSON_H

#include "mustache.h"

/* Pass as ops to mst_render() with a (const json_t *) as data. Numbers:
 * integers in decimal, reals in the shortest form that reads back the
 * same ("1.21", not "1.2099999999999999"). */
extern const struct mst_data mst_json;

#endif
