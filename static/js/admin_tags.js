// The article form's tags: the admin's own autocomplete (select2), on which a tag that does not
// exist yet can be typed and chosen. It is sent as "new:<name>" and created when the article is
// saved (articles/tag_field.py).
(function ($) {
  "use strict";
  function start(element) {
    var prefix = element.dataset.newPrefix;
    $(element).select2({
      ajax: {
        data: function (params) {
          return {
            term: params.term,
            page: params.page,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName
          };
        }
      },
      tags: true,
      createTag: function (params) {
        var name = $.trim(params.term);
        return name ? { id: prefix + name, text: name, newTag: true } : null;
      },
      templateResult: function (item) {
        return item.newTag ? "Create the tag “" + item.text + "”" : item.text;
      }
    });
  }
  $(function () {
    $(".newsroom-tags").not("[name*=__prefix__]").each(function (index, element) {
      start(element);
    });
  });
})(django.jQuery);
